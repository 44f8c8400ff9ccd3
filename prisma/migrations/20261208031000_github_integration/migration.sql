-- GitHub integration: check runs per change and per head commit, deliveries received, installations found.
CREATE TABLE "GithubCheckRun" (
    "id" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "changeId" TEXT,
    "owner" TEXT NOT NULL,
    "repo" TEXT NOT NULL,
    "headSha" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "checkRunId" BIGINT,
    "renderHash" TEXT,
    "status" TEXT,
    "conclusion" TEXT,
    "lastSyncedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "GithubCheckRun_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "GithubCheckRun_subject_key" ON "GithubCheckRun"("subject");
CREATE INDEX "GithubCheckRun_owner_repo_headSha_idx" ON "GithubCheckRun"("owner", "repo", "headSha");
CREATE INDEX "GithubCheckRun_changeId_idx" ON "GithubCheckRun"("changeId");

CREATE TABLE "GithubDelivery" (
    "id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "action" TEXT,
    "outcome" TEXT NOT NULL,
    "detail" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "GithubDelivery_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "GithubDelivery_receivedAt_idx" ON "GithubDelivery"("receivedAt");

CREATE TABLE "GithubInstallation" (
    "repoFullName" TEXT NOT NULL,
    "installationId" BIGINT,
    "checkedAt" TIMESTAMP(3) NOT NULL,
    "error" TEXT,
    CONSTRAINT "GithubInstallation_pkey" PRIMARY KEY ("repoFullName")
);
