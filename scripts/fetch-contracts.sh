#!/usr/bin/env bash
# Fetches the public originals of the contract files the spec tests read (see ../shared/contracts/README.md
# in the team's workspace for provenance). Tests look in $PROVISIO_CONTRACTS_DIR, default ../shared/contracts.
set -euo pipefail
dest="${PROVISIO_CONTRACTS_DIR:-$(cd "$(dirname "$0")/../.." && pwd)/shared/contracts}"
mkdir -p "$dest"/{jira,okta,aws-models,sns-http/messages,sns-http/certs}
get() { echo "  $2"; curl -fsSL --retry 3 -o "$dest/$2" "$1"; }
echo "Fetching contracts into $dest"
get https://developer.atlassian.com/cloud/jira/platform/swagger-v3.v3.json jira/jira-platform-swagger-v3.v3.json
get https://dac-static.atlassian.com/cloud/jira/service-desk/swagger.v3.json jira/jira-service-management-swagger.v3.json
okta=https://raw.githubusercontent.com/okta/okta-management-openapi-spec/master/dist/current
get "$okta/management-minimal.yaml" okta/management-minimal.yaml
get "$okta/oauth-minimal.yaml" okta/oauth-minimal.yaml
models=https://raw.githubusercontent.com/aws/api-models-aws/main/models
for m in organizations/service/2016-11-28/organizations-2016-11-28.json sso-admin/service/2020-07-20/sso-admin-2020-07-20.json \
         identitystore/service/2020-06-15/identitystore-2020-06-15.json sns/service/2010-03-31/sns-2010-03-31.json \
         s3/service/2006-03-01/s3-2006-03-01.json secrets-manager/service/2017-10-17/secrets-manager-2017-10-17.json \
         sts/service/2011-06-15/sts-2011-06-15.json; do
  get "$models/$m" "aws-models/$(basename "$m")"
done
echo "The AWS SigV4 test suite: copy gems/aws-sigv4/spec/suite/ from github.com/aws/aws-sdk-ruby and"
echo "tests/aws-signing-test-suite/v4/ from github.com/awslabs/aws-c-auth into $dest/aws-sigv4/."
echo "Done."
