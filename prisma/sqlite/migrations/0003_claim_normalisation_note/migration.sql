-- AlterTable
ALTER TABLE "Claim" ADD COLUMN "normalisedBy" INTEGER;
ALTER TABLE "Claim" ADD COLUMN "valueNote" TEXT;

