package client

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Marketplace is one.market.info's <MARKETPLACE> (xsd/marketplace.xsd).
type Marketplace struct {
	XMLName     xml.Name     `xml:"MARKETPLACE"`
	ID          int          `xml:"ID"`
	UID         int          `xml:"UID"`
	GID         int          `xml:"GID"`
	UName       string       `xml:"UNAME"`
	GName       string       `xml:"GNAME"`
	Name        string       `xml:"NAME"`
	State       int          `xml:"STATE"`
	MarketMad   string       `xml:"MARKET_MAD"`
	ZoneID      string       `xml:"ZONE_ID"`
	TotalMB     int64        `xml:"TOTAL_MB"`
	FreeMB      int64        `xml:"FREE_MB"`
	UsedMB      int64        `xml:"USED_MB"`
	Apps        IDs          `xml:"MARKETPLACEAPPS"`
	Permissions *Permissions `xml:"PERMISSIONS"`
	Template    Template     `xml:"TEMPLATE"`
}

// MarketplacePool is one.marketpool.info's <MARKETPLACE_POOL>.
type MarketplacePool struct {
	XMLName xml.Name      `xml:"MARKETPLACE_POOL"`
	Markets []Marketplace `xml:"MARKETPLACE"`
}

// MarketplaceApp is one.marketapp.info's <MARKETPLACEAPP>
// (xsd/marketplaceapp.xsd). Its header has no NAME before REGTIME, so it
// does not embed Owned.
type MarketplaceApp struct {
	XMLName       xml.Name     `xml:"MARKETPLACEAPP"`
	ID            int          `xml:"ID"`
	UID           int          `xml:"UID"`
	GID           int          `xml:"GID"`
	UName         string       `xml:"UNAME"`
	GName         string       `xml:"GNAME"`
	Lock          *Lock        `xml:"LOCK"`
	RegTime       int64        `xml:"REGTIME"`
	Name          string       `xml:"NAME"`
	ZoneID        string       `xml:"ZONE_ID"`
	OriginID      string       `xml:"ORIGIN_ID"`
	Source        string       `xml:"SOURCE"`
	MD5           string       `xml:"MD5"`
	Size          int64        `xml:"SIZE"` // MiB
	Description   string       `xml:"DESCRIPTION"`
	Version       string       `xml:"VERSION"`
	Format        string       `xml:"FORMAT"`
	AppTemplate64 string       `xml:"APPTEMPLATE64"`
	MarketID      int          `xml:"MARKETPLACE_ID"`
	Market        string       `xml:"MARKETPLACE"`
	State         int          `xml:"STATE"`
	Type          int          `xml:"TYPE"`
	Permissions   *Permissions `xml:"PERMISSIONS"`
	Template      Template     `xml:"TEMPLATE"`
}

// MarketplaceAppPool is one.marketapppool.info's <MARKETPLACEAPP_POOL>.
type MarketplaceAppPool struct {
	XMLName xml.Name         `xml:"MARKETPLACEAPP_POOL"`
	Apps    []MarketplaceApp `xml:"MARKETPLACEAPP"`
}

var (
	marketStates = []stateName{{"ENABLED", "on"}, {"DISABLED", "off"}}
	appStates    = []stateName{{"INIT", "ini"}, {"READY", "rdy"}, {"LOCKED", "lck"}, {"ERROR", "err"}, {"DISABLED", "dis"}}
	appTypes     = []stateName{{"UNKNOWN", "unk"}, {"IMAGE", "img"}, {"VMTEMPLATE", "tpl"}, {"SERVICE_TEMPLATE", "srv"}}
)

// MarketStateName is "ENABLED" or "DISABLED"; MarketShortState "on"/"off".
func MarketStateName(s int) string  { return lookupState(marketStates, s, false) }
func MarketShortState(s int) string { return lookupState(marketStates, s, true) }

// AppStateName is the app STATE name ("READY"); AppShortState the CLI's
// ("rdy").
func AppStateName(s int) string  { return lookupState(appStates, s, false) }
func AppShortState(s int) string { return lookupState(appStates, s, true) }

// AppTypeName is the app TYPE name ("IMAGE"); AppShortType the CLI's ("img").
func AppTypeName(t int) string  { return lookupState(appTypes, t, false) }
func AppShortType(t int) string { return lookupState(appTypes, t, true) }

func ParseMarketplace(raw []byte) (*Marketplace, error) { return Unmarshal[Marketplace](raw) }
func ParseMarketplaceApp(raw []byte) (*MarketplaceApp, error) {
	return Unmarshal[MarketplaceApp](raw)
}

// Fetch GETs the file an app's SOURCE names: an http(s) URL, or a path
// that the endpoint's own server serves (the simulator's marketplace). It
// returns the body and its length (-1 when unknown); the caller closes it.
// Only the XML-RPC calls carry the session: a file server gets none.
func (c *Client) Fetch(ctx context.Context, source string) (io.ReadCloser, int64, error) {
	base, err := url.Parse(c.endpoint)
	if err != nil {
		return nil, 0, err
	}
	u, err := base.Parse(source)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, 0, fmt.Errorf("cannot download %q: not an http or https location", source)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, 0, err
	}
	res, err := c.http.Do(req)
	if err != nil {
		return nil, 0, &TransportError{Endpoint: u.Redacted(), Err: err}
	}
	if res.StatusCode != http.StatusOK {
		res.Body.Close()
		return nil, 0, fmt.Errorf("download of %s: %s", u.Redacted(), strings.TrimSpace(res.Status))
	}
	return res.Body, res.ContentLength, nil
}
