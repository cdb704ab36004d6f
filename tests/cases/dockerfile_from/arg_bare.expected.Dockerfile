ARG AC_IMAGE=quay.io/astronomer/astro-runtime:5.5.0
ARG AC_VERSION=2.3.4
FROM $AC_IMAGE AS app
FROM quay.io/astronomer/ap-airflow:${AC_VERSION}-onbuild AS pinned
