package client

import "testing"

func TestParseVDCAndZone(t *testing.T) {
	v, err := ParseVDC([]byte(`<VDC><ID>0</ID><NAME>default</NAME><GROUPS><ID>1</ID><ID>100</ID></GROUPS>` +
		`<CLUSTERS><CLUSTER><ZONE_ID>0</ZONE_ID><CLUSTER_ID>-10</CLUSTER_ID></CLUSTER></CLUSTERS><HOSTS></HOSTS>` +
		`<DATASTORES><DATASTORE><ZONE_ID>0</ZONE_ID><DATASTORE_ID>100</DATASTORE_ID></DATASTORE></DATASTORES><VNETS></VNETS><TEMPLATE/></VDC>`))
	if err != nil || len(v.Groups.ID) != 2 || len(v.Clusters) != 1 || v.Clusters[0].ID != AllResources || v.Datastores[0].ID != 100 {
		t.Fatalf("%+v %v", v, err)
	}
	z, err := ParseZone([]byte(`<ZONE><ID>0</ID><NAME>OpenNebula</NAME><STATE>0</STATE><TEMPLATE><ENDPOINT><![CDATA[http://localhost:2633/RPC2]]></ENDPOINT></TEMPLATE>` +
		`<SERVER_POOL><SERVER><ENDPOINT>http://a/RPC2</ENDPOINT><ID>3</ID><NAME>s</NAME></SERVER></SERVER_POOL></ZONE>`))
	if err != nil || z.Template.Get("ENDPOINT") != "http://localhost:2633/RPC2" || len(z.Servers) != 1 || z.Servers[0].ID != 3 {
		t.Fatalf("%+v %v", z, err)
	}
}
