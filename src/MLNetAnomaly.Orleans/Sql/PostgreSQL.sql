-- MLNetAnomaly.Orleans on PostgreSQL: the tables, functions and queries that Orleans' ADO.NET providers need for
-- cluster membership (Microsoft.Orleans.Clustering.AdoNet) and grain state (Microsoft.Orleans.Persistence.AdoNet),
-- with the invariant "Npgsql". Written for this project against the providers' contract: they read their SQL from the
-- table orleansquery by key, bind named parameters, and read the result columns named below.
-- Run it once per database (psql -f, or AnomalyFleet.PostgreSqlSchema with any client); running it again is harmless.

CREATE TABLE IF NOT EXISTS orleansquery (
    querykey varchar(64) NOT NULL PRIMARY KEY,
    querytext varchar(8000) NOT NULL
);

-- Membership: one version row per cluster, bumped by every change of the member rows (optimistic concurrency).
CREATE TABLE IF NOT EXISTS fleet_membership_version (
    deploymentid varchar(150) NOT NULL PRIMARY KEY,
    changedon timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS fleet_membership (
    deploymentid varchar(150) NOT NULL,
    address varchar(45) NOT NULL,
    port integer NOT NULL,
    generation integer NOT NULL,
    siloname varchar(150) NOT NULL,
    hostname varchar(150) NOT NULL,
    status integer NOT NULL,
    proxyport integer NOT NULL,
    suspecttimes text NULL,
    starttime timestamptz NOT NULL,
    iamalivetime timestamptz NOT NULL,
    PRIMARY KEY (deploymentid, address, port, generation)
);

-- Adds a member and bumps the version, both or neither: 1 when done, 0 when the version moved or the member exists.
CREATE OR REPLACE FUNCTION fleet_insert_member(
    p_deploymentid text, p_address text, p_port integer, p_generation integer, p_siloname text, p_hostname text,
    p_status integer, p_proxyport integer, p_starttime timestamptz, p_iamalivetime timestamptz, p_version integer)
RETURNS integer LANGUAGE plpgsql AS $fn$
BEGIN
    BEGIN
        UPDATE fleet_membership_version SET version = version + 1, changedon = now()
        WHERE deploymentid = p_deploymentid AND version = p_version;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'membership version moved';
        END IF;
        INSERT INTO fleet_membership (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
        VALUES (p_deploymentid, p_address, p_port, p_generation, p_siloname, p_hostname, p_status, p_proxyport, p_starttime, p_iamalivetime)
        ON CONFLICT DO NOTHING;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'member exists';
        END IF;
        RETURN 1;
    EXCEPTION WHEN raise_exception THEN
        RETURN 0; -- the block's changes are rolled back
    END;
END
$fn$;

-- Changes a member's status, suspicions and liveness and bumps the version, both or neither: 1 when done, else 0.
CREATE OR REPLACE FUNCTION fleet_update_member(
    p_deploymentid text, p_address text, p_port integer, p_generation integer, p_status integer,
    p_suspecttimes text, p_iamalivetime timestamptz, p_version integer)
RETURNS integer LANGUAGE plpgsql AS $fn$
BEGIN
    BEGIN
        UPDATE fleet_membership_version SET version = version + 1, changedon = now()
        WHERE deploymentid = p_deploymentid AND version = p_version;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'membership version moved';
        END IF;
        UPDATE fleet_membership SET status = p_status, suspecttimes = p_suspecttimes, iamalivetime = p_iamalivetime
        WHERE deploymentid = p_deploymentid AND address = p_address AND port = p_port AND generation = p_generation;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'no such member';
        END IF;
        RETURN 1;
    EXCEPTION WHEN raise_exception THEN
        RETURN 0;
    END;
END
$fn$;

-- Grain state: one row per (service, state name, grain); the version is the ETag.
CREATE TABLE IF NOT EXISTS fleet_grain_state (
    serviceid varchar(150) NOT NULL,
    statename varchar(512) NOT NULL,
    grainidn0 bigint NOT NULL,
    grainidn1 bigint NOT NULL,
    grainidextension varchar(512) NULL,
    payload bytea NULL,
    version integer NOT NULL,
    modifiedon timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX IF NOT EXISTS fleet_grain_state_key
    ON fleet_grain_state (serviceid, statename, grainidn0, grainidn1, (coalesce(grainidextension, '')));

-- Writes a grain's state if its version is the one the grain read (or, for a first write, if no row exists): returns
-- the new version, else the old one (or null), which the provider reports as a conflict.
CREATE OR REPLACE FUNCTION fleet_write_grain_state(
    p_serviceid text, p_statename text, p_n0 bigint, p_n1 bigint, p_extension text, p_version integer, p_payload bytea)
RETURNS TABLE (newgrainstateversion integer) LANGUAGE plpgsql AS $fn$
BEGIN
    IF p_version IS NULL THEN
        INSERT INTO fleet_grain_state (serviceid, statename, grainidn0, grainidn1, grainidextension, payload, version)
        VALUES (p_serviceid, p_statename, p_n0, p_n1, p_extension, p_payload, 1)
        ON CONFLICT DO NOTHING;
        RETURN QUERY SELECT CASE WHEN FOUND THEN 1 ELSE NULL::integer END;
    ELSE
        UPDATE fleet_grain_state SET payload = p_payload, version = version + 1, modifiedon = now()
        WHERE serviceid = p_serviceid AND statename = p_statename AND grainidn0 = p_n0 AND grainidn1 = p_n1
          AND coalesce(grainidextension, '') = coalesce(p_extension, '') AND version = p_version;
        RETURN QUERY SELECT CASE WHEN FOUND THEN p_version + 1 ELSE p_version END;
    END IF;
END
$fn$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO fleet_membership_version (deploymentid) VALUES (@DeploymentId) ON CONFLICT DO NOTHING RETURNING 1)
SELECT count(*)::integer FROM created;
$q$),
('MembershipReadAllKey', $q$
SELECT m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport, m.suspecttimes,
       m.starttime, m.iamalivetime, v.version
FROM fleet_membership_version v
LEFT JOIN fleet_membership m ON m.deploymentid = v.deploymentid
WHERE v.deploymentid = @DeploymentId;
$q$),
('MembershipReadRowKey', $q$
SELECT m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport, m.suspecttimes,
       m.starttime, m.iamalivetime, v.version
FROM fleet_membership_version v
LEFT JOIN fleet_membership m ON m.deploymentid = v.deploymentid
    AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deploymentid = @DeploymentId;
$q$),
('InsertMembershipKey', $q$
SELECT fleet_insert_member(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
                           @StartTime, @IAmAliveTime, @Version);
$q$),
('UpdateMembershipKey', $q$
SELECT fleet_update_member(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version);
$q$),
('UpdateIAmAlivetimeKey', $q$
UPDATE fleet_membership SET iamalivetime = @IAmAliveTime
WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
$q$),
('GatewaysQueryKey', $q$
SELECT address, proxyport, generation FROM fleet_membership
WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0;
$q$),
('DeleteMembershipTableEntriesKey', $q$
WITH members AS (DELETE FROM fleet_membership WHERE deploymentid = @DeploymentId)
DELETE FROM fleet_membership_version WHERE deploymentid = @DeploymentId;
$q$),
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM fleet_membership
WHERE deploymentid = @DeploymentId AND iamalivetime < @IAmAliveTime AND status = 6; -- dead silos only
$q$),
('ReadFromStorageKey', $q$
SELECT payload AS payloadbinary, version FROM fleet_grain_state
WHERE serviceid = @ServiceId AND statename = @GrainTypeString AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
  AND coalesce(grainidextension, '') = coalesce(@GrainIdExtensionString, '');
$q$),
('WriteToStorageKey', $q$
SELECT newgrainstateversion FROM fleet_write_grain_state(@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
                                                         @GrainIdExtensionString, @GrainStateVersion, @PayloadBinary);
$q$),
('ClearStorageKey', $q$
UPDATE fleet_grain_state SET payload = NULL, version = version + 1, modifiedon = now()
WHERE serviceid = @ServiceId AND statename = @GrainTypeString AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
  AND coalesce(grainidextension, '') = coalesce(@GrainIdExtensionString, '') AND version = @GrainStateVersion
RETURNING version;
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
