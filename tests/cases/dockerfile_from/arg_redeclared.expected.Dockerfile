ARG IMAGE="quay.io/astronomer/astro-runtime:5.5.0"
# redeclared: every default a FROM may read is migrated
ARG IMAGE=quay.io/astronomer/astro-runtime:6.10.0
FROM ${IMAGE}
