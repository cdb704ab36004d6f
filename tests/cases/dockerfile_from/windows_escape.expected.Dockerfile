# escape=`
# A Windows-style Dockerfile: backtick continuations, CRLF line ends.
FROM `
    quay.io/astronomer/astro-runtime:5.5.0 `
    AS build
RUN dir c:\ `
    && echo quay.io/astronomer/ap-airflow:2.3.4
