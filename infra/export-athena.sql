-- Provisio Jira → S3 export in Athena, for those who do not deploy infra/export-bucket.yaml's Glue
-- table. Replace <bucket> and <prefix> (and the project list) with your export settings.
--
-- Layout: s3://<bucket>/<prefix>/project=<KEY>/dt=<YYYY-MM-DD>/<run>-p<page>.jsonl.gz (gzipped JSON Lines),
-- one record per issue version or deletion; per-batch manifests under <prefix>/_manifests/ (skipped here).

CREATE EXTERNAL TABLE IF NOT EXISTS provisio.jira_issues (
  record_type     string  COMMENT 'issue or tombstone',
  deleted         boolean,
  issue_id        string,
  issue_key       string,
  updated         string  COMMENT 'ISO 8601 UTC with milliseconds',
  updated_ms      bigint  COMMENT '(issue_id, updated_ms) identifies a record',
  created         string,
  fields          string  COMMENT 'the chosen fields by id, as JSON',
  field_names     string  COMMENT 'field id to name, as JSON',
  changelog       array<struct<id:string,created:string,author:struct<accountId:string,displayName:string>,items:array<struct<field:string,fieldtype:string,fieldId:string,from:string,fromString:string,to:string,toString:string>>>>,
  changelog_total int,
  comments        string  COMMENT 'as JSON, when comments are exported',
  run_id          string,
  exported_at     string
)
PARTITIONED BY (project string, dt string)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://<bucket>/<prefix>/'
TBLPROPERTIES (
  'classification' = 'json',
  'compressionType' = 'gzip',
  'projection.enabled' = 'true',
  'projection.project.type' = 'enum',
  'projection.project.values' = 'ITS,OPS',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd',
  'projection.dt.range' = '2020-01-01,NOW',
  'storage.location.template' = 's3://<bucket>/<prefix>/project=${project}/dt=${dt}/'
);

-- Each issue as it is now: its latest version, unless that is a deletion.
CREATE OR REPLACE VIEW provisio.jira_issues_current AS
SELECT *
FROM (
  SELECT t.*, row_number() OVER (PARTITION BY issue_id ORDER BY updated_ms DESC) AS version_rank
  FROM provisio.jira_issues t
)
WHERE version_rank = 1 AND NOT deleted;

-- Example: open issues per project and status.
-- SELECT project, json_extract_scalar(fields, '$.status.name') AS status, count(*)
-- FROM provisio.jira_issues_current GROUP BY 1, 2 ORDER BY 1, 2;
