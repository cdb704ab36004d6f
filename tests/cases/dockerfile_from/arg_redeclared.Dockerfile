ARG IMAGE="quay.io/astronomer/ap-airflow:2.3.4-onbuild"
# redeclared: every default a FROM may read is migrated
ARG IMAGE=quay.io/astronomer/ap-airflow:2.4.3-6-onbuild
FROM ${IMAGE}
