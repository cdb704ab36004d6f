# syntax=docker/dockerfile:1.4
FROM \
    quay.io/astronomer/ap-airflow:2.3.0-onbuild
RUN <<EOF
cat > /tmp/other.Dockerfile <<'INNER'
FROM quay.io/astronomer/ap-airflow:2.3.0-onbuild
INNER
EOF
COPY <<-EOT /usr/local/airflow/include/example.Dockerfile
	FROM quay.io/astronomer/ap-airflow:2.2.5-onbuild
	EOT
RUN echo "FROM quay.io/astronomer/ap-airflow:2.2.5 is only text here"
FROM --platform=linux/amd64 \
  # a comment inside the continued instruction
  quay.io/astronomer/ap-airflow:2.4.3-6 \
  AS runner
RUN cat <<"SCRIPT" > /tmp/run.sh && <<EOF2 cat > /tmp/two
FROM quay.io/astronomer/ap-airflow:2.3.4
SCRIPT
FROM quay.io/astronomer/ap-airflow:2.3.4
EOF2
FROM quay.io/astronomer/ap-airflow:2.3.4-onbuild AS last
