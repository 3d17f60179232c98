-- The embedded store is one process and a few thousand triggers at most. Every firing updates its trigger row
-- twice (state and next fire time), and each update rewrites every index holding a changed column, which made
-- the index upkeep a large part of the store's cost per firing. Kept: the indexes of the queries Quartz runs here
-- (acquiring due triggers and finding misfires: state + next fire time; a job's triggers; a group's triggers).
-- Dropped: those whose columns are a prefix of a kept index or the primary key, and those of queries this
-- service never makes (pausing trigger groups, misfire scans by instruction). PostgreSQL keeps Quartz's full set.
DROP INDEX IDX_QRTZ_T_JG;
DROP INDEX IDX_QRTZ_T_STATE;
DROP INDEX IDX_QRTZ_T_N_STATE;
DROP INDEX IDX_QRTZ_T_N_G_STATE;
DROP INDEX IDX_QRTZ_T_NEXT_FIRE_TIME;
DROP INDEX IDX_QRTZ_T_NFT_MISFIRE;
DROP INDEX IDX_QRTZ_T_NFT_ST_MISFIRE;
