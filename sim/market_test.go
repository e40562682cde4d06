package sim

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestMarketAllocateErrorsAsOned(t *testing.T) {
	s := newSim(t, Options{})
	wantErr(t, try(t, s, "one.market.allocate", admin, "NAME=m"), 8192,
		"[one.market.allocate] No marketplace driver (MARKET_MAD) in template.")
	wantErr(t, try(t, s, "one.market.allocate", admin, "NAME=m\nMARKET_MAD=nope"), 8192,
		`[one.market.allocate] MARKET_MAD_CONF named "nope" is not defined in oned.conf`)
	wantErr(t, try(t, s, "one.market.allocate", admin, "NAME=m\nMARKET_MAD=http"), 8192,
		`[one.market.allocate] MarketPlace template is missing the "BASE_URL" attribute or it's empty.`)
	id := must(t, s, "one.market.allocate", admin, "NAME=m\nMARKET_MAD=http\nBASE_URL=http://127.0.0.1:1/\nPUBLIC_DIR=/srv").num
	if id != 101 {
		t.Errorf("first new market got ID %d, want 101 (after the seed's local)", id)
	}
	wantErr(t, try(t, s, "one.market.allocate", admin, "NAME=m\nMARKET_MAD=one"), 8192,
		sprintf("[one.market.allocate] NAME is already taken by MARKETPLACE %d", id))
	wantErr(t, try(t, s, "one.market.info", admin, 99999), 1024, "[one.market.info] Error getting marketplace [99999].")
	wantErr(t, try(t, s, "one.market.update", alice, id, "A=1", 1), 512,
		sprintf("[one.market.update] User [2] : Not authorized to perform MANAGE MARKETPLACE [%d].", id))
	must(t, s, "one.market.update", admin, id, "MARKET_MAD=http", 0) // replace is not checked
	wantErr(t, try(t, s, "one.market.update", admin, id, "A=1", 1), 8192,
		`[one.market.update] Cannot update template. MarketPlace template is missing the "BASE_URL" attribute or it's empty.`)
	wantErr(t, try(t, s, "one.market.delete", admin, 100), 2048,
		"[one.market.delete] Cannot delete marketplace. marketplace  100 is not empty.")
}

// An app made from an image is LOCKED while uploading, holds the image,
// and is READY one delay later; the simulator then serves its file.
func TestMarketAppFromImage(t *testing.T) {
	clk := newClock()
	s := clockSim(t, Options{Now: clk.now})
	img := must(t, s, "one.image.allocate", admin, "NAME=src\nSIZE=3", 1).num
	clk.add(time.Second)
	wantErr(t, try(t, s, "one.marketapp.allocate", admin, "NAME=a\nORIGIN_ID=0", 0), 2048,
		"[one.marketapp.allocate] Create disabled for market: OpenNebula Public")
	wantErr(t, try(t, s, "one.marketapp.allocate", admin, "NAME=a", 100), 8192,
		"[one.marketapp.allocate] Missing ORIGIN_ID for the MARKETPLACEAPP")
	wantErr(t, try(t, s, "one.marketapp.allocate", admin, "NAME=a\nORIGIN_ID=1", 999), 8192,
		"[one.marketapp.allocate] Cannot find associated MARKETPLACE")
	app := must(t, s, "one.marketapp.allocate", admin, sprintf("NAME=a\nORIGIN_ID=%d", img), 100).num
	x := must(t, s, "one.marketapp.info", admin, app).str
	if !strings.Contains(x, "<STATE>2</STATE>") || !strings.Contains(x, "<SIZE>3</SIZE>") {
		t.Fatalf("new app: %s", x)
	}
	if got := must(t, s, "one.image.info", admin, img).str; !strings.Contains(got, sprintf("<APP_CLONES><ID>%d</ID></APP_CLONES>", app)) {
		t.Errorf("image does not list the app it feeds: %s", got)
	}
	clk.add(time.Second)
	x = must(t, s, "one.marketapp.info", admin, app).str
	if !strings.Contains(x, "<STATE>1</STATE>") || !strings.Contains(x, "<SOURCE><![CDATA["+AppFilePath) {
		t.Fatalf("app after the upload: %s", x)
	}
	if got := imageState(t, s, img); got != imgReady {
		t.Errorf("image in state %d after the upload, want READY", got)
	}
	wantErr(t, try(t, s, "one.marketapp.allocate", admin, "NAME=bad\nORIGIN_ID=99999", 100), 8192,
		"[one.marketapp.allocate] Image does not exist.")

	srv := httptest.NewServer(s)
	defer srv.Close()
	res, err := http.Get(srv.URL + AppFilePath + itoa(app))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || len(body) != 3*1024 {
		t.Errorf("GET app file: %d, %d bytes", res.StatusCode, len(body))
	}
	if res, _ := http.Get(srv.URL + AppFilePath + "999"); res.StatusCode != 404 {
		t.Errorf("GET of a missing app: %d, want 404", res.StatusCode)
	}

	// export: the image made from the app takes its size
	id := must(t, s, "one.image.allocate", admin, sprintf("NAME=exp\nFROM_APP=%d", app), 1).num
	if im := s.st.Images[id]; im.Size != 3 {
		t.Errorf("exported image SIZE %d, want 3", im.Size)
	}
}

func TestVMTemplateApp(t *testing.T) {
	s := newSim(t, Options{})
	id := must(t, s, "one.marketapp.allocate", admin, "NAME=tpl\nORIGIN_ID=-1\nTYPE=VMTEMPLATE\nAPPTEMPLATE64=\""+b64("CPU=1\n")+"\"", 100).num
	x := must(t, s, "one.marketapp.info", admin, id).str
	if !strings.Contains(x, "<STATE>1</STATE>") || !strings.Contains(x, "<TYPE>2</TYPE>") ||
		!strings.Contains(x, "<APPTEMPLATE64><![CDATA["+b64("CPU=1\n")+"]]>") || strings.Contains(x, "<TEMPLATE><APPTEMPLATE64>") {
		t.Errorf("VM template app: %s", x)
	}
}

// Marketplaces, apps and image runtime data survive a restart.
func TestCatalogStatePersists(t *testing.T) {
	file := t.TempDir() + "/state.json"
	s := newSim(t, Options{StateFile: file})
	id := must(t, s, "one.market.allocate", admin, "NAME=m\nMARKET_MAD=sim").num
	app := must(t, s, "one.marketapp.allocate", admin, "NAME=a\nORIGIN_ID=1", id).num
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2 := newSim(t, Options{StateFile: file})
	if x := must(t, s2, "one.market.info", admin, id).str; !strings.Contains(x, sprintf("<MARKETPLACEAPPS><ID>%d</ID></MARKETPLACEAPPS>", app)) {
		t.Errorf("market after restart: %s", x)
	}
	if x := must(t, s2, "one.image.info", admin, 1).str; !strings.Contains(x, sprintf("<APP_CLONES><ID>%d</ID></APP_CLONES>", app)) {
		t.Errorf("image 1 forgot the app it feeds: %s", x)
	}
	if x := must(t, s2, "one.image.info", admin, 3).str; !strings.Contains(x, "<NAME><![CDATA[after-upgrade]]></NAME>") {
		t.Errorf("scratch lost its snapshots: %s", x)
	}
	// the upload still ends after the restart
	for step := 0; !strings.Contains(must(t, s2, "one.marketapp.info", admin, app).str, "<STATE>1</STATE>"); step++ {
		if step == 200 {
			t.Fatal("app never READY after a restart")
		}
		advance(s2, delay/3)
	}
}
