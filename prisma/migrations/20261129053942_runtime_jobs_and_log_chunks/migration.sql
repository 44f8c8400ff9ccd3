-- Work in flight lives in the database (runner and heartbeat), logs become numbered chunks,
-- and each approver has at most one live approval per plan hash or runbook version.

-- AlterTable
ALTER TABLE "ChangeRequest" ADD COLUMN     "appliedById" TEXT,
ADD COLUMN     "appliedByName" TEXT,
ADD COLUMN     "heartbeatAt" TIMESTAMP(3),
ADD COLUMN     "planPrunedAt" TIMESTAMP(3),
ADD COLUMN     "runnerId" TEXT;

-- AlterTable
ALTER TABLE "FailoverRun" ADD COLUMN     "abortRequestedAt" TIMESTAMP(3),
ADD COLUMN     "abortRequestedBy" TEXT,
ADD COLUMN     "heartbeatAt" TIMESTAMP(3),
ADD COLUMN     "runnerId" TEXT;

-- CreateTable
CREATE TABLE "ChangeLogChunk" (
    "changeId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChangeLogChunk_pkey" PRIMARY KEY ("changeId","seq")
);

-- CreateTable
CREATE TABLE "FailoverStepLogChunk" (
    "stepId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FailoverStepLogChunk_pkey" PRIMARY KEY ("stepId","seq")
);

-- Existing logs become the first chunk of each
INSERT INTO "ChangeLogChunk" ("changeId", "seq", "text", "at") SELECT "id", 1, "log", "updatedAt" FROM "ChangeRequest" WHERE "log" <> '';
INSERT INTO "FailoverStepLogChunk" ("stepId", "seq", "text", "at") SELECT "id", 1, "log", COALESCE("finishedAt", "startedAt", now()) FROM "FailoverStep" WHERE "log" <> '';

-- AlterTable
ALTER TABLE "ChangeRequest" DROP COLUMN "log";

-- AlterTable
ALTER TABLE "FailoverStep" DROP COLUMN "log",
ADD COLUMN     "undo" JSONB;

-- CreateIndex
CREATE INDEX "ChangeLogChunk_at_idx" ON "ChangeLogChunk"("at");

-- CreateIndex
CREATE INDEX "FailoverStepLogChunk_at_idx" ON "FailoverStepLogChunk"("at");

-- CreateIndex
CREATE INDEX "ChangeRequest_state_heartbeatAt_idx" ON "ChangeRequest"("state", "heartbeatAt");

-- CreateIndex
CREATE INDEX "FailoverRun_state_heartbeatAt_idx" ON "FailoverRun"("state", "heartbeatAt");

-- AddForeignKey
ALTER TABLE "ChangeLogChunk" ADD CONSTRAINT "ChangeLogChunk_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "ChangeRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FailoverStepLogChunk" ADD CONSTRAINT "FailoverStepLogChunk_stepId_fkey" FOREIGN KEY ("stepId") REFERENCES "FailoverStep"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Duplicate approvals left by the old race keep only the earliest live one
UPDATE "ChangeApproval" a SET "invalidatedAt" = a."createdAt" WHERE a."invalidatedAt" IS NULL AND EXISTS (SELECT 1 FROM "ChangeApproval" b WHERE b."changeId" = a."changeId" AND b."approverId" = a."approverId" AND b."planSha256" = a."planSha256" AND b."invalidatedAt" IS NULL AND (b."createdAt", b."id") < (a."createdAt", a."id"));
UPDATE "FailoverApproval" a SET "invalidatedAt" = a."createdAt" WHERE a."invalidatedAt" IS NULL AND EXISTS (SELECT 1 FROM "FailoverApproval" b WHERE b."runId" = a."runId" AND b."approverId" = a."approverId" AND b."runbookVersion" = a."runbookVersion" AND b."invalidatedAt" IS NULL AND (b."createdAt", b."id") < (a."createdAt", a."id"));

-- CreateIndex (partial: not expressible in the Prisma schema)
CREATE UNIQUE INDEX "ChangeApproval_one_per_approver" ON "ChangeApproval"("changeId", "approverId", "planSha256") WHERE "invalidatedAt" IS NULL;

-- CreateIndex (partial: not expressible in the Prisma schema)
CREATE UNIQUE INDEX "FailoverApproval_one_per_approver" ON "FailoverApproval"("runId", "approverId", "runbookVersion") WHERE "invalidatedAt" IS NULL;
