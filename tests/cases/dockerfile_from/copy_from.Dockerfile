FROM quay.io/astronomer/ap-airflow:2.3.4-onbuild
COPY --from=quay.io/astronomer/ap-airflow:2.2.5 /usr/local/airflow/include /include
RUN --mount=type=bind,from=astronomerinc/ap-airflow:1.10.12-buster,target=/old ls /old
COPY --chown=astro requirements.txt .
