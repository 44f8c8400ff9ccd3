-- AlterTable
ALTER TABLE "ReadModelState" ADD COLUMN     "rowsHash" TEXT;

