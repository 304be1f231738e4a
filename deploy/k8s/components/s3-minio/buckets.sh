#!/bin/sh
# Creates the buckets and one user per service with its own policy; safe to run again.
set -eu
mc alias set store "$S3_URL" "$ROOT_USER" "$ROOT_PASSWORD" >/dev/null
for bucket in quarantine accepted cesr; do
  mc mb --ignore-existing "store/$bucket"
done
for service in intake documents examination notify; do
  eval "access=\$${service}_ACCESS_KEY secret=\$${service}_SECRET_KEY"
  mc admin policy create store "residency-$service" "/config/policy-$service.json"
  mc admin user add store "$access" "$secret"
  if ! mc admin user info store "$access" | grep -q "residency-$service"; then
    mc admin policy attach store "residency-$service" --user "$access"
  fi
done
echo "buckets and users ready"
