FROM --platform=linux/amd64 quay.io/astronomer/astro-runtime:4.2.9-base AS stage1
RUN pip install --no-cache-dir -r requirements.txt

FROM quay.io/astronomer/ap-airflow:2.1.4-buster-onbuild
FROM astronomerinc/ap-airflow:1.10.12-alpine3.10
ARG AC_VERSION=2.3.4
FROM quay.io/astronomer/ap-airflow:${AC_VERSION}-onbuild
# FROM quay.io/astronomer/ap-airflow:2.3.0-onbuild (a comment stays as it is)
