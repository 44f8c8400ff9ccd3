-- AlterTable
ALTER TABLE "ChangeRequest" ADD COLUMN     "planStartedAt" TIMESTAMP(3),
ADD COLUMN     "planText" TEXT,
ADD COLUMN     "plannedAt" TIMESTAMP(3);


-- Changes stored before: their review began when the request was made (a re-plan time is not known).
UPDATE "ChangeRequest" SET "plannedAt" = "createdAt" WHERE "plannedAt" IS NULL;
