-- CreateTable
CREATE TABLE "ReadModelRow" (
    "model" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "data" JSONB NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReadModelRow_pkey" PRIMARY KEY ("model","key")
);

-- CreateTable
CREATE TABLE "ReadModelState" (
    "model" TEXT NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "inputsVersion" TEXT NOT NULL,
    "meta" JSONB NOT NULL,

    CONSTRAINT "ReadModelState_pkey" PRIMARY KEY ("model")
);

-- CreateIndex
CREATE INDEX "ReadModelRow_model_position_idx" ON "ReadModelRow"("model", "position");

