# -*- coding: latin-1 -*-
"""Provision des déploiements Airflow pour l'équipe Données (script historique).

Écrit en 2021 pour Astronomer Software 0.25 ; toujours lancé à la main par
l'équipe de Zürich quand un nouveau projet arrive.
"""
import json
import logging
import os
import sys

import requests

log = logging.getLogger("provision-donnees")

HOUSTON = "https://houston.%s/v1" % os.environ.get("BASEDOMAIN", "astro.example.com")

# Déploiement « Données brutes » : reste en AC 2.1.4 (pilote Oracle non certifié
# au-delà ; voir ticket DATA-1842, réunion du 12/03 à 14h30, salle Genève).
CREATE_RAW = """
mutation CreateRaw($workspaceUuid: Uuid!) {
  createDeployment(
    workspaceUuid: $workspaceUuid
    type: "airflow"
    label: "Données brutes"
    description: "Ingestion des flux bruts (équipe Données)"
    executor: CeleryExecutor
    airflowVersion: "2.1.4-2"
  ) {
    id
    releaseName
    airflowVersion
  }
}
"""

# Déploiement « Qualité » : AC 2.2.5, hotfix 3.
CREATE_QUALITY = """
mutation CreateQuality($workspaceUuid: Uuid!, $label: String!) {
  createDeployment(
    workspaceUuid: $workspaceUuid
    type: "airflow"
    label: $label
    executor: KubernetesExecutor
    runtimeVersion: "4.2.9"
  ) {
    id
    releaseName
    airflowVersion: runtimeAirflowVersion
  }
}
"""


def envoyer(query, variables):
    """Envoie la requête à Houston et renvoie « data »."""
    reponse = requests.post(
        HOUSTON,
        json={"query": query, "variables": variables},
        headers={"authorization": os.environ["HOUSTON_TOKEN"]},
        timeout=60,
    )
    reponse.raise_for_status()
    corps = reponse.json()
    if corps.get("errors"):
        raise RuntimeError("Houston a refusé : %s" % corps["errors"][0]["message"])
    return corps["data"]


def main(workspace_uuid, projet="Qualité"):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    resultats = {}
    brut = envoyer(CREATE_RAW, {"workspaceUuid": workspace_uuid})["createDeployment"]
    log.info("Données brutes -> %s (AC %s)", brut["releaseName"], brut["airflowVersion"])
    resultats["brut"] = brut
    qualite = envoyer(CREATE_QUALITY, {"workspaceUuid": workspace_uuid, "label": projet})["createDeployment"]
    log.info("%s -> %s (AC %s)", projet, qualite["releaseName"], qualite["airflowVersion"])
    resultats["qualite"] = qualite
    print(json.dumps(resultats, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
