/* pomar-export.h: writers that turn a stream of records into CSV or JSON.
 *
 * An export never holds a collection in memory (a large book has millions
 * of usage rows): the store walks the collection with
 * pomar_store_reader_scan() and hands each record's fields to a
 * PomarExportWriter, which writes them out as they come.
 *
 * JSON: one array of objects, one object per line ("[\n{...},\n{...}\n]\n"),
 * fields named and ordered as given, with their JSON types (a null is null,
 * a JSON field such as usage "features" is embedded as JSON, not as a
 * string). Output is valid UTF-8 whatever the input.
 *
 * CSV (RFC 4180, except for the line ends): a header row of field names,
 * then one row per record. Lines end with LF, as every other text a Unix
 * tool writes (spreadsheets read both). A field with a comma, a quote, a CR
 * or a LF is quoted, with its quotes doubled; an empty string is written ""
 * so that it stays distinct from a null, which is an empty field. Numbers
 * use the C locale (a '.' decimal point, never a comma) whatever LC_NUMERIC.
 */
#pragma once

#include <gio/gio.h>

#include "core/pomar-records.h"

G_BEGIN_DECLS

typedef enum
{
  POMAR_EXPORT_FORMAT_CSV,
  POMAR_EXPORT_FORMAT_JSON,
} PomarExportFormat;

const char *pomar_export_format_to_string   (PomarExportFormat  format);
gboolean    pomar_export_format_from_string (const char        *name,
                                             PomarExportFormat *out);

/* The contract's field names of @collection, in the contract's order (the
 * order pomar_store_reader_scan() gives them in), NULL-terminated. */
const char *const *pomar_export_collection_fields (PomarCollection collection);

typedef struct _PomarExportWriter PomarExportWriter;

/* Writes to @stream (a reference is taken). The writer buffers on its own,
 * so @stream need not be buffered. @columns (NULL-terminated, copied) names
 * the fields, for the CSV header of an export with no row at all; it may be
 * NULL, and rows bring their own names. */
PomarExportWriter *pomar_export_writer_new       (GOutputStream      *stream,
                                                  PomarExportFormat   format,
                                                  const char *const  *columns);
/* One record. The CSV header comes from the first row's field names. */
gboolean           pomar_export_writer_write_row (PomarExportWriter  *self,
                                                  const PomarField   *fields,
                                                  guint               n_fields,
                                                  GError            **error);
/* Ends the document (the JSON array's "]", the CSV header when there was no
 * row) and flushes everything to the stream. The stream is not closed. */
gboolean           pomar_export_writer_finish    (PomarExportWriter  *self,
                                                  GError            **error);
/* Rows written so far. */
guint64            pomar_export_writer_get_rows  (PomarExportWriter  *self);
void               pomar_export_writer_free      (PomarExportWriter  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PomarExportWriter, pomar_export_writer_free)

G_END_DECLS
