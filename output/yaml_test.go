package output

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestYAMLScalarStyles(t *testing.T) {
	for s, want := range map[string]yaml.Style{
		"1":                                    yaml.SingleQuotedStyle, // would read as a number
		"0.1":                                  yaml.SingleQuotedStyle,
		"1795339179":                           yaml.SingleQuotedStyle,
		"1e5":                                  yaml.SingleQuotedStyle,
		"0x1F":                                 yaml.SingleQuotedStyle,
		"2024-01-02":                           yaml.SingleQuotedStyle,
		"":                                     yaml.SingleQuotedStyle,
		"yes":                                  yaml.SingleQuotedStyle,
		"NO":                                   yaml.SingleQuotedStyle,
		"null":                                 yaml.SingleQuotedStyle,
		"True":                                 yaml.SingleQuotedStyle,
		"-1":                                   yaml.DoubleQuotedStyle, // Psych: non-word first character
		"!(A = B)":                             yaml.DoubleQuotedStyle,
		"~":                                    yaml.DoubleQuotedStyle,
		"y":                                    yaml.DoubleQuotedStyle,
		"oneadmin":                             0,
		"0c4b31ff-135b-49de-9aec-0307663022e2": 0,
		"localhost:vm:dummy":                   0,
		"a\nb":                                 yaml.LiteralStyle,
	} {
		if got := yamlString(s).Style; got != want {
			t.Errorf("style(%q) = %v, want %v", s, got, want)
		}
	}
}

// Whatever the style, every value must read back as the same string.
func TestYAMLRoundTripsStrings(t *testing.T) {
	values := []string{"1", "-1", "0.1", "yes", "", "a: b", "#x", "x #y", "a\nb\n", "trailing ", "'q'", `"d"`, "@at", "é", "1,000", "- x", "{a}", "<<", "N"}
	var doc strings.Builder
	doc.WriteString("<T>")
	for _, v := range values {
		doc.WriteString("<V><![CDATA[" + v + "]]></V>")
	}
	doc.WriteString("</T>")
	out, err := XMLToYAML([]byte(doc.String()))
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		T struct {
			V []any `yaml:"V"`
		} `yaml:"T"`
	}
	if err := yaml.Unmarshal(out, &back); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(back.T.V) != len(values) {
		t.Fatalf("got %d values:\n%s", len(back.T.V), out)
	}
	for i, v := range values {
		if s, ok := back.T.V[i].(string); !ok || s != v {
			t.Errorf("value %q read back as %#v\n%s", v, back.T.V[i], out)
		}
	}
}

func TestYAMLArraysAndEmpty(t *testing.T) {
	out, err := XMLToYAML([]byte(`<VM_POOL><VM><ID>1</ID><TEMPLATE><DISK><ID>0</ID></DISK></TEMPLATE><USER_TEMPLATE/></VM></VM_POOL>`))
	if err != nil {
		t.Fatal(err)
	}
	// Psych's layout: a sequence starts in its key's column.
	want := `---
VM_POOL:
  VM:
  - ID: '1'
    TEMPLATE:
      DISK:
      - ID: '0'
    USER_TEMPLATE: {}
`
	if string(out) != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
}

// Moving sequences left must not change what a YAML reader sees, literal
// blocks (multi-line values, "- " inside them included) and all.
func TestYAMLSequencesKeepTheirData(t *testing.T) {
	doc := `<VM_POOL><VM><ID>1</ID><TEMPLATE><DISK><ID>0</ID></DISK><DISK><ID>1</ID></DISK>` +
		`<CONTEXT><START_SCRIPT><![CDATA[#!/bin/sh
- not a list:
  - still text]]></START_SCRIPT></CONTEXT><NIC><IP>1.2.3.4</IP></NIC></TEMPLATE></VM>` +
		`<VM><ID>2</ID><TEMPLATE><DISK><ID>5</ID></DISK></TEMPLATE></VM></VM_POOL>`
	out, err := XMLToYAML([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Pool struct {
			VM []struct {
				ID       string `yaml:"ID"`
				Template struct {
					Disk []struct {
						ID string `yaml:"ID"`
					} `yaml:"DISK"`
					Context struct {
						Script string `yaml:"START_SCRIPT"`
					} `yaml:"CONTEXT"`
					NIC []struct {
						IP string `yaml:"IP"`
					} `yaml:"NIC"`
				} `yaml:"TEMPLATE"`
			} `yaml:"VM"`
		} `yaml:"VM_POOL"`
	}
	if err := yaml.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	vms := got.Pool.VM
	if len(vms) != 2 || len(vms[0].Template.Disk) != 2 || vms[0].Template.Disk[1].ID != "1" ||
		vms[0].Template.NIC[0].IP != "1.2.3.4" || vms[1].Template.Disk[0].ID != "5" ||
		vms[0].Template.Context.Script != "#!/bin/sh\n- not a list:\n  - still text" {
		t.Errorf("data changed: %+v\n%s", got, out)
	}
}
