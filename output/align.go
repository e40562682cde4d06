package output

import (
	"bufio"
	"io"
)

// The usual table (ASCII text, colours at most) is laid out here in one
// pass, the way renderTable lays it out but without its per-cell cost,
// which dominated listing a large pool; anything else (wide or combining
// characters, line breaks) goes to renderTable.

// plainCells reports whether every cell and header is printable ASCII,
// possibly wrapped in the colour codes Printer adds.
func plainCells(cols []Column, cells [][]string) bool {
	for _, c := range cols {
		if _, ok := plainWidth(c.Name); !ok {
			return false
		}
	}
	for _, row := range cells {
		for _, c := range row {
			if _, ok := plainWidth(c); !ok {
				return false
			}
		}
	}
	return true
}

// plainWidth is the display width of printable ASCII with SGR colour
// sequences ("\x1b[32m"), or false for anything else.
func plainWidth(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == 0x1b {
			j := i + 1
			if j >= len(s) || s[j] != '[' {
				return 0, false
			}
			for j++; j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';'); j++ {
			}
			if j >= len(s) || s[j] != 'm' {
				return 0, false
			}
			i = j
			continue
		}
		if c < 0x20 || c > 0x7e {
			return 0, false
		}
		n++
	}
	return n, true
}

func alignTable(w io.Writer, cols []Column, cells [][]string, header bool) error {
	widths := make([]int, len(cols))
	for i := range widths {
		widths[i] = 1 // an empty column still takes a blank
	}
	if header {
		for i, c := range cols {
			if n, _ := plainWidth(c.Name); n > widths[i] {
				widths[i] = n
			}
		}
	}
	for _, row := range cells {
		for i, c := range row {
			if n, _ := plainWidth(c); n > widths[i] {
				widths[i] = n
			}
		}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var line []byte
	write := func(row []string) {
		line = line[:0]
		for i, c := range row {
			if i > 0 {
				line = append(line, ' ')
			}
			n, _ := plainWidth(c)
			pad := widths[i] - n
			if cols[i].Right {
				line = appendSpaces(line, pad)
				line = append(line, c...)
			} else {
				line = append(line, c...)
				line = appendSpaces(line, pad)
			}
		}
		for len(line) > 0 && line[len(line)-1] == ' ' {
			line = line[:len(line)-1]
		}
		line = append(line, '\n')
		bw.Write(line)
	}
	if header {
		names := make([]string, len(cols))
		for i, c := range cols {
			names[i] = c.Name
		}
		write(names)
	}
	for _, row := range cells {
		write(row)
	}
	return bw.Flush()
}

func appendSpaces(b []byte, n int) []byte {
	for ; n > 0; n-- {
		b = append(b, ' ')
	}
	return b
}
