"""The scale Envoy's configuration (scale-envoy.sh): N clusters named as kgateway names a Service
port's cluster, 50 Services per namespace, each with two loopback endpoints and the keepalive of
kgateway's guide, served by CDS from a file; stats only for the cluster and listener managers
(per-cluster stats would cost Envoy gigabytes at this scale, and the dashboard reads none).
    python3 scale-envoy.py N ADMIN_PORT DIR  ->  DIR/bootstrap.json, DIR/cds.json
"""
import json
import sys

n, admin, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]


def cluster(i):
    name = f"kube_scale-{i // 50:04d}_svc-{i % 50:02d}_8080"
    hosts = [f"127.{a}.{(i >> 8) & 255}.{i & 255}" for a in (1, 2)]
    return {
        "@type": "type.googleapis.com/envoy.config.cluster.v3.Cluster",
        "name": name,
        "type": "STATIC",
        "connect_timeout": "5s",
        "upstream_connection_options": {"tcp_keepalive": {"keepalive_probes": 3, "keepalive_time": 30, "keepalive_interval": 5}},
        "load_assignment": {
            "cluster_name": name,
            "endpoints": [{"lb_endpoints": [{"endpoint": {"address": {"socket_address": {"address": h, "port_value": 8080}}}} for h in hosts]}],
        },
    }


with open(f"{out}/cds.json", "w") as f:
    json.dump({"version_info": f"scale-{n}", "resources": [cluster(i) for i in range(n)]}, f)
with open(f"{out}/bootstrap.json", "w") as f:
    json.dump(
        {
            "node": {"id": "scale.gateway-scale", "cluster": "scale"},
            "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": admin}}},
            "stats_config": {
                "stats_matcher": {"inclusion_list": {"patterns": [{"prefix": "cluster_manager."}, {"prefix": "listener_manager."}, {"prefix": "server."}]}}
            },
            "dynamic_resources": {"cds_config": {"resource_api_version": "V3", "path_config_source": {"path": f"{out}/cds.json"}}},
        },
        f,
    )
