# escape=`
# A Windows-style Dockerfile: backtick continuations, CRLF line ends.
FROM `
    quay.io/astronomer/ap-airflow:2.3.4-onbuild `
    AS build
RUN dir c:\ `
    && echo quay.io/astronomer/ap-airflow:2.3.4
