"""What an import file may hold, in one place. A file beyond a limit is refused with a sentence; the limits on
size and shape refuse it before it is read.

The yardsticks: the real DLA registry is 82,641 rows × 13 columns (11.7 MB as CSV); an INFO status export of
every LAO is ~63,000 rows × 7 columns; bench/data_bench.py imports both at 10× (≈824,000 × 13 and ≈628,000 × 7),
the registry at 10× being 118 MB as CSV and 42 MB as XLSX that unpacks to 601 MB. Every limit leaves
that 10× data room to spare; each stops a file that is crafted, corrupt or the wrong file altogether.
"""

MB = 1_000_000

# The file itself, checked from `stat` before a byte is read (INFO_MAX_IMPORT_BYTES overrides it): the 10×
# registry CSV is 118 MB.
DEFAULT_MAX_IMPORT_BYTES = 200 * MB

# Rows and columns of a table. Excel's own sheet stops at 1,048,576 rows. No import reads more than 13 columns;
# 64 leaves room for the extra columns an export may carry, and a sheet used as far as column ZZ or XFD is
# nothing of ours (the Excel reader allocates every cell up to the farthest one: XFD1048576 is 17 billion).
MAX_ROWS = 1_048_576
MAX_COLUMNS = 64
# Cells of the grid the Excel reader allocates (rows × columns up to the farthest value), and values it holds:
# 2^24, about 16.8 million; the 10× registry is 10.7 million. The reader's grid costs 32 bytes a cell (512 MiB
# at the limit).
MAX_CELLS = 1 << 24
# A sheet may be emptier than its extent (blank columns, gaps), but not absurdly so: one value at M1048576
# would make a 13.6-million-cell grid. The grid may exceed the values it holds by this floor (32 MiB of grid)
# plus this factor; a real export fills at least 3 of its 7 or 13 columns.
SPARSE_GRID_FLOOR = 1 << 20
SPARSE_GRID_FACTOR = 16

# One cell's text. A longer text is a row/column problem: no field of the registry or the status export comes
# near it (names, addresses, web sites, a certifier's name).
MAX_CELL_TEXT = 1_000
# Beyond Excel's own limit for a cell, a text did not come from Excel: the whole file is refused, unread.
MAX_CELL_TEXT_IN_WORKBOOK = 32_767
# All the text of a workbook's cells and shared strings, in characters: the 10× registry has 49 million.
MAX_WORKBOOK_TEXT = 1 << 28

# The zip container of an .xlsx. A workbook has a dozen parts; a thousand is far beyond any export. The parts
# unpack to at most 1 GiB all together (the 10× registry: 601 MB), counted while unpacking, never trusting the
# sizes the zip declares; the workbook, style and relationship parts the reader loads whole to 16 MiB each.
MAX_ZIP_MEMBERS = 1_000
MAX_ZIP_DIRECTORY_BYTES = 4 << 20
MAX_UNPACKED_BYTES = 1 << 30
MAX_SMALL_PART_BYTES = 16 << 20
# XML elements across the measured parts: a cell is 2 (Excel) to 3 (openpyxl) elements; the 10× registry has 28
# million.
MAX_XML_ELEMENTS = 4 * MAX_CELLS
# The XML parser that measures keeps every open element and every whole tag in memory: a sheet nests about 6 deep
# and its longest tags are a few hundred bytes. (Comments and processing instructions, which it would also hold
# whole, are refused: no spreadsheet program writes them into a sheet.)
MAX_XML_DEPTH = 64
MAX_XML_TAG_BYTES = 1 << 20

# A CSV record (one row, quoted line breaks included), in characters: 64 columns of 1,000 characters each
# fit twice over.
MAX_CSV_RECORD_CHARS = 1 << 17

# Memory. A workbook refused by its measurement costs the interpreter and the file itself plus a few MiB of
# unpacking buffers, whatever it claims or unpacks to. The bombs of tests/data_access/test_hostile_files.py (each
# a few MB, one cell at XFD1048576, a 300 MB text, 100,000 zip parts…) are refused by the command line within
# this peak resident memory, interpreter included (about 60 MiB of it). A file that passes every limit above
# costs memory in proportion to what it really holds, at most MAX_CELLS values: the 10× registry as XLSX peaks at
# 1.4 GB, as CSV at 0.95 GB.
REFUSED_BOMB_PEAK_RSS = 256 << 20
