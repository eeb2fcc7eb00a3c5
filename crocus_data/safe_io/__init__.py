"""Reading, writing and echoing what a pull request may contain, safely: one way for every command.

``files`` opens only regular files inside a tree (stat first, no symlink out, no FIFO or device) and
writes atomically (``crocus_data.echo`` escapes what is printed).
"""
