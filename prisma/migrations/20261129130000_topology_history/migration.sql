-- AlterTable
ALTER TABLE "FailoverRun" ADD COLUMN     "drillKind" TEXT,
ADD COLUMN     "parentRunId" TEXT;

-- CreateTable
CREATE TABLE "RoleAssignment" (
    "id" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "validFrom" TIMESTAMP(3) NOT NULL,
    "validTo" TIMESTAMP(3),
    "cause" TEXT NOT NULL,
    "failoverRunId" TEXT,
    "actorId" TEXT,
    "actorName" TEXT,
    "reason" TEXT,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoleAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RoleAssignment_service_validFrom_idx" ON "RoleAssignment"("service", "validFrom");

-- CreateIndex
CREATE INDEX "RoleAssignment_failoverRunId_idx" ON "RoleAssignment"("failoverRunId");

-- CreateIndex
CREATE INDEX "FailoverRun_parentRunId_idx" ON "FailoverRun"("parentRunId");

-- CreateIndex (partial: not expressible in the Prisma schema): one open assignment per service and region
CREATE UNIQUE INDEX "RoleAssignment_open" ON "RoleAssignment"("service", "region") WHERE "validTo" IS NULL;
