"""Inputs: files, directories, stdin and corpora (text, JSONL, CSV, HTML, gzip, Reuters SGML)
read into ``Article`` records, with an ``InputError`` naming file and line for each bad one.
"""
