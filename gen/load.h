/*
 * load.h: YAML plan file to positioned XML tree.
 *
 * The mapping rules, in one place:
 *   - the document's top mapping becomes <plan xmlns="urn:ucapgen:plan:1">;
 *   - a mapping's entry "key: value" becomes a child element <key>;
 *   - a list's entries become child elements <item>, in order;
 *   - a text (scalar) becomes the element's character data, as YAML
 *     reads it, minus the line breaks at the end of a block text (even
 *     with "|+"); in a folded (>), plain or quoted text, where YAML reads
 *     a blank line as one line break, that break is written as a blank
 *     line: a paragraph break (so is a "\n" in double quotes);
 *     an empty value, "~" or "null" (unquoted) leaves the element empty;
 *   - every element remembers the line and column of its key and of its
 *     value (1-based, columns in characters).
 * What the loader refuses, each with a message at its position: more than
 * one document, aliases (so no alias bomb can grow the tree), tags, keys
 * that are not simple words, a key given twice in one mapping, nesting
 * deeper than LOAD_MAX_DEPTH, lists longer than LOAD_MAX_ENTRIES, control
 * characters, characters YAML takes for line breaks and editors do not
 * (U+0085, U+2028, U+2029), invalid UTF-8, binary
 * files and files larger than LOAD_MAX_BYTES.  UTF-8 is the encoding; a
 * file that starts with a UTF-16 byte order mark is read too.
 */
#ifndef UCAPGEN_LOAD_H
#define UCAPGEN_LOAD_H

#include <stddef.h>

#include "diag.h"
#include "tree.h"

#define LOAD_MAX_BYTES (8u * 1024u * 1024u)
#define LOAD_MAX_DEPTH 32
#define LOAD_MAX_ENTRIES 10000
#define LOAD_MAX_ERRORS 50

/*
 * Read and convert the plan in the file (or standard input for "-").
 * Returns a new tree (caller frees with tree_free), or NULL when the file
 * could not be read or is not YAML the loader can use; every problem is
 * in diags.  A tree may come back with errors in diags too (a bad key is
 * left out and loading goes on, so that one run shows every problem).
 */
struct tree *load_plan_file(const char *file, struct diags *);
/* The same for a plan already in memory; file is the name for messages. */
struct tree *load_plan_buffer(const char *file, const char *buf, size_t len,
    struct diags *);

#endif
