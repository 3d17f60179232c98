-- Which replica runs which job right now (RunLease): with several replicas on one store, a firing whose
-- previous run is still in progress elsewhere is skipped, as it is on a single replica. EXPIRES_AT (epoch ms)
-- frees the lease of a replica that died mid-run.
CREATE TABLE UPDRAFT_RUN_LEASE (
  JOB_ID       VARCHAR(128) NOT NULL PRIMARY KEY,
  OWNER        VARCHAR(64)  NOT NULL,
  SCHEDULED_AT BIGINT       NOT NULL,
  EXPIRES_AT   BIGINT       NOT NULL
);
