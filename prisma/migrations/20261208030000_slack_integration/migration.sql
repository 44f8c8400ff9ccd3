-- Slack integration: approval messages per plan hash or runbook version, linked identities, link offers, interactions seen.

-- CreateTable
CREATE TABLE "SlackMessage" (
    "id" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "planRevision" INTEGER,
    "channel" TEXT NOT NULL,
    "ts" TEXT,
    "shownState" TEXT,
    "shownHash" TEXT,
    "shownView" JSONB,
    "postedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SlackMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SlackIdentity" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "slackUserId" TEXT NOT NULL,
    "slackUserName" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "linkedById" TEXT NOT NULL,
    "linkedByName" TEXT NOT NULL,
    "linkedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SlackIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SlackLinkToken" (
    "tokenHash" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "teamName" TEXT,
    "slackUserId" TEXT NOT NULL,
    "slackUserName" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SlackLinkToken_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateTable
CREATE TABLE "SlackInteraction" (
    "id" TEXT NOT NULL,
    "replayKey" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "slackUserId" TEXT NOT NULL,
    "actionId" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "responseUrl" TEXT,
    "channel" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),
    "outcome" TEXT,

    CONSTRAINT "SlackInteraction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SlackMessage_subjectType_subjectId_idx" ON "SlackMessage"("subjectType", "subjectId");

-- CreateIndex
CREATE UNIQUE INDEX "SlackMessage_subjectType_subjectId_version_key" ON "SlackMessage"("subjectType", "subjectId", "version");

-- CreateIndex
CREATE INDEX "SlackIdentity_userId_idx" ON "SlackIdentity"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "SlackIdentity_teamId_slackUserId_key" ON "SlackIdentity"("teamId", "slackUserId");

-- CreateIndex
CREATE UNIQUE INDEX "SlackInteraction_replayKey_key" ON "SlackInteraction"("replayKey");
