package kit

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/output"
)

// The human `show` of every group is laid out like OpenNebula's CLI: titled
// sections 80 columns wide, "KEY : value" fields, the permissions block
// and the template. These write those pieces, so a group's Render is a
// list of fields.

// Section writes a section title padded like OpenNebula's CLI.
func Section(w io.Writer, title string) {
	fmt.Fprintf(w, "%-80s\n", title)
}

// Field writes one "KEY : value" line of a show.
func Field(w io.Writer, k, v string) {
	fmt.Fprintf(w, "%-15s: %-20s\n", k, v)
}

// PermsSection writes the PERMISSIONS block (um-, u--, ...).
func PermsSection(w io.Writer, p *client.Permissions) {
	fmt.Fprintln(w)
	Section(w, "PERMISSIONS")
	PermsFields(w, p)
}

// PermsFields writes the OWNER, GROUP and OTHER lines of a permissions
// block (um-, u--, ...), for shows that lay out its title their own way.
func PermsFields(w io.Writer, p *client.Permissions) {
	perms := client.Permissions{}
	if p != nil {
		perms = *p
	}
	s := perms.String()
	Field(w, "OWNER", s[0:3])
	Field(w, "GROUP", s[3:6])
	Field(w, "OTHER", s[6:9])
}

// TemplateSection writes a titled template from an object's document
// (path "TEMPLATE" for most), in OpenNebula's template syntax.
func TemplateSection(w io.Writer, title string, doc *output.Node, path string) {
	fmt.Fprintln(w)
	Section(w, title)
	s := NodeTemplate(doc.Path(path), nil).String()
	if s != "" && !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	fmt.Fprint(w, s)
}

// ShowTime is a show's date: "11/29 15:45:11", "-" when unset.
func ShowTime(t int64) string {
	if t <= 0 {
		return "-"
	}
	return time.Unix(t, 0).Format("01/02 15:04:05")
}
