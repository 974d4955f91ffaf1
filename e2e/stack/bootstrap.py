"""Turns the Envoy bootstrap that kgateway's deployer rendered for a Gateway (its ConfigMap's
envoy.yaml, read from stdin) into the bootstrap of one local replica: same runtime, listeners and
clusters, but every address on 127.0.0.1, per-replica ports, xDS at the local controller, and no
xDS credential (the stack runs kgateway with KGW_XDS_AUTH=false). Writes JSON to stdout.

usage: bootstrap.py NODE_ID ADMIN_PORT READY_PORT PROMETHEUS_PORT XDS_PORT < envoy.yaml
"""
import json
import sys

import yaml

node_id, admin_port, ready_port, prom_port, xds_port = sys.argv[1], *map(int, sys.argv[2:6])
b = yaml.safe_load(sys.stdin)

b["node"]["id"] = node_id
b["admin"]["address"]["socket_address"] = {"address": "127.0.0.1", "port_value": admin_port}

for listener in b["static_resources"]["listeners"]:
    port = {"readiness_listener": ready_port, "prometheus_listener": prom_port}[listener["name"]]
    listener["address"]["socket_address"] = {"address": "127.0.0.1", "port_value": port}

for cluster in b["static_resources"]["clusters"]:
    if cluster["name"] == "admin_port_cluster":
        addr = cluster["load_assignment"]["endpoints"][0]["lb_endpoints"][0]["endpoint"]["address"]
        addr["socket_address"]["port_value"] = admin_port
    if cluster["name"] == "xds_cluster":
        addr = cluster["load_assignment"]["endpoints"][0]["lb_endpoints"][0]["endpoint"]["address"]
        addr["socket_address"] = {"address": "127.0.0.1", "port_value": xds_port}
        options = cluster["typed_extension_protocol_options"]["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"]
        options["http_filters"] = [f for f in options.get("http_filters", [])
                                   if f["name"] != "envoy.filters.http.credential_injector"]

json.dump(b, sys.stdout, indent=1)
