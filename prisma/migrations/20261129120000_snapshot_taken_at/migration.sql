-- AlterTable
ALTER TABLE "SourceStatus" ADD COLUMN     "lastTakenAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Snapshot" ADD COLUMN     "takenAt" TIMESTAMP(3);

