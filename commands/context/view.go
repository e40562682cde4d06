package context

import (
	"encoding/json"
	"fmt"
	"strconv"
	"text/tabwriter"

	"gopkg.in/yaml.v3"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
)

// view is a context as list and show print it: everything but the secret,
// which is only named by its kind.
type view struct {
	Name         string `json:"name" yaml:"name"`
	Current      bool   `json:"current" yaml:"current"`
	Endpoint     string `json:"endpoint" yaml:"endpoint"`
	User         string `json:"user,omitempty" yaml:"user,omitempty"`
	Auth         string `json:"auth" yaml:"auth"`
	AuthFile     string `json:"auth_file,omitempty" yaml:"auth_file,omitempty"`
	TokenExpires string `json:"token_expires,omitempty" yaml:"token_expires,omitempty"`
	CAFile       string `json:"ca_file,omitempty" yaml:"ca_file,omitempty"`
	Insecure     bool   `json:"insecure" yaml:"insecure"`
	PageSize     int    `json:"page_size,omitempty" yaml:"page_size,omitempty"`
	Timeout      string `json:"timeout,omitempty" yaml:"timeout,omitempty"`
}

func viewOf(cfg *client.ConfigFile, e *client.ContextEntry) view {
	v := view{
		Name: e.Name, Current: cfg.CurrentContext == e.Name,
		Endpoint: client.RedactURL(e.Endpoint), User: e.User,
		AuthFile: e.AuthFile, CAFile: e.CAFile, Insecure: e.Insecure,
		PageSize: e.PageSize, Timeout: e.Timeout,
	}
	if v.Endpoint == "" {
		v.Endpoint = client.DefaultEndpoint
	}
	switch {
	case e.Token != "":
		v.Auth, v.TokenExpires = "token", e.TokenExpires
		if v.TokenExpires == "" {
			v.TokenExpires = "never"
		}
	case e.Password != "":
		v.Auth = "password"
	case e.AuthFile != "":
		v.Auth = "auth-file"
	default:
		v.Auth = "none"
	}
	return v
}

func contextTable() *output.Table {
	v := func(r any) view { return r.(view) }
	return &output.Table{
		Default: []string{"CURRENT", "NAME", "ENDPOINT", "USER", "AUTH"},
		Columns: []output.Column{
			{Name: "CURRENT", Value: func(r any) string {
				if v(r).Current {
					return "*"
				}
				return ""
			}},
			{Name: "NAME", Value: func(r any) string { return v(r).Name }},
			{Name: "ENDPOINT", Value: func(r any) string { return v(r).Endpoint }},
			{Name: "USER", Value: func(r any) string { return v(r).User }},
			{Name: "AUTH", Value: func(r any) string { return v(r).Auth }},
			{Name: "CA_FILE", Value: func(r any) string { return v(r).CAFile }},
			{Name: "INSECURE", Value: func(r any) string { return strconv.FormatBool(v(r).Insecure) }},
			{Name: "PAGE_SIZE", Right: true, Value: func(r any) string { return strconv.Itoa(v(r).PageSize) }},
			{Name: "TIMEOUT", Value: func(r any) string { return v(r).Timeout }},
		},
	}
}

// printViews prints contexts in the -o format; json and yaml are onectl's
// own shape (OpenNebula has no contexts), xml is not offered.
func printViews(f *kit.Factory, o output.Options, one bool, views []view) error {
	var doc any = views
	if one {
		doc = views[0]
	}
	switch o.Format {
	case output.FormatJSON:
		b, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			return err
		}
		_, err = f.IO.Out.Write(append(b, '\n'))
		return err
	case output.FormatYAML:
		b, err := yaml.Marshal(doc)
		if err != nil {
			return err
		}
		_, err = f.IO.Out.Write(append([]byte("---\n"), b...))
		return err
	case output.FormatXML:
		return kit.Usagef("-o xml is not offered for contexts: use json or yaml")
	}
	if one && o.Format == output.FormatTable {
		return printShow(f, views[0])
	}
	rows := make([]any, len(views))
	for i, v := range views {
		rows[i] = v
	}
	p := &output.Printer{Opts: o, Out: f.IO.Out, Color: f.IO.ColorEnabled()}
	return p.Table(contextTable(), rows)
}

// printShow lays one context out as `onectl vm show` does: label, value.
func printShow(f *kit.Factory, v view) error {
	tw := tabwriter.NewWriter(f.IO.Out, 0, 0, 2, ' ', 0)
	line := func(k, val string) {
		if val != "" {
			fmt.Fprintf(tw, "%s:\t%s\n", k, val)
		}
	}
	line("NAME", v.Name)
	line("CURRENT", yesNo(v.Current))
	line("ENDPOINT", v.Endpoint)
	line("USER", v.User)
	line("AUTH", v.Auth)
	line("AUTH FILE", v.AuthFile)
	line("TOKEN EXPIRES", v.TokenExpires)
	line("CA FILE", v.CAFile)
	line("INSECURE", yesNo(v.Insecure))
	if v.PageSize > 0 {
		line("PAGE SIZE", strconv.Itoa(v.PageSize))
	}
	line("TIMEOUT", v.Timeout)
	return tw.Flush()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
