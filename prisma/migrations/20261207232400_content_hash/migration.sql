-- AlterTable
ALTER TABLE "Snapshot" ADD COLUMN     "contentHash" TEXT;

-- AlterTable
ALTER TABLE "ReadModelState" ADD COLUMN     "contentHash" TEXT;

