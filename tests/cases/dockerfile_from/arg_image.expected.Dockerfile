# The image in a build argument, as a public providers repository pins it.
ARG IMAGE_NAME="quay.io/astronomer/astro-runtime:4.0.11-base"
ARG PYTHON_MAJOR_MINOR_VERSION=3.9
ARG UNUSED_IMAGE=quay.io/astronomer/ap-airflow:2.3.4-onbuild
FROM ${IMAGE_NAME}
USER root
RUN pip install --no-cache-dir apache-airflow-providers-http

ARG BASE=quay.io/astronomer/ap-airflow:2.4.3-onbuild
FROM $IMAGE_NAME AS second
