// Command envoy-descriptors writes the protobuf descriptors of the Envoy types a kgateway
// cluster is made of, from the go-control-plane version kgateway pins, as one FileDescriptorSet.
// The dashboard uses them to read the clusters kgateway means to send (its /snapshots/xds, which
// is Go's encoding/json of these messages) and the ones Envoy holds (its config dump) into the
// same canonical form. Run by scripts/envoy-descriptors.sh; the output is committed.
package main

import (
	"fmt"
	"os"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"

	_ "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/clusters/dns/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/client_side_weighted_round_robin/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/least_request/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/maglev/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/random/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/ring_hash/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/round_robin/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/http_11_proxy/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/proxy_protocol/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/raw_buffer/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/upstreams/http/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/upstreams/tcp/v3"
)

// The roots: a Cluster, its endpoints, and every extension kgateway puts into a cluster's Any fields.
var roots = []protoreflect.FullName{
	"envoy.config.cluster.v3.Cluster",
	"envoy.config.endpoint.v3.ClusterLoadAssignment",
	"envoy.extensions.clusters.dns.v3.DnsCluster",
	"envoy.extensions.load_balancing_policies.client_side_weighted_round_robin.v3.ClientSideWeightedRoundRobin",
	"envoy.extensions.load_balancing_policies.least_request.v3.LeastRequest",
	"envoy.extensions.load_balancing_policies.maglev.v3.Maglev",
	"envoy.extensions.load_balancing_policies.random.v3.Random",
	"envoy.extensions.load_balancing_policies.ring_hash.v3.RingHash",
	"envoy.extensions.load_balancing_policies.round_robin.v3.RoundRobin",
	"envoy.extensions.transport_sockets.http_11_proxy.v3.Http11ProxyUpstreamTransport",
	"envoy.extensions.transport_sockets.proxy_protocol.v3.ProxyProtocolUpstreamTransport",
	"envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer",
	"envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
	"envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
	"envoy.extensions.upstreams.tcp.v3.TcpProtocolOptions",
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: envoy-descriptors OUT.binpb")
		os.Exit(2)
	}
	// Dependencies before the files that import them, as protobuf registries read them.
	seen := map[string]bool{}
	var order []protoreflect.FileDescriptor
	var walk func(protoreflect.FileDescriptor)
	walk = func(f protoreflect.FileDescriptor) {
		if seen[f.Path()] {
			return
		}
		seen[f.Path()] = true
		for i := 0; i < f.Imports().Len(); i++ {
			walk(f.Imports().Get(i).FileDescriptor)
		}
		order = append(order, f)
	}
	for _, r := range roots {
		d, err := protoregistry.GlobalFiles.FindDescriptorByName(r)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", r, err)
			os.Exit(1)
		}
		walk(d.ParentFile())
	}
	set := &descriptorpb.FileDescriptorSet{}
	for _, f := range order {
		fd := protodesc.ToFileDescriptorProto(f)
		fd.SourceCodeInfo = nil // comments are not needed, and double the size
		set.File = append(set.File, fd)
	}
	out, err := proto.MarshalOptions{Deterministic: true}.Marshal(set)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile(os.Args[1], out, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%d files, %d bytes\n", len(set.File), len(out))
}
