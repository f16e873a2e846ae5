#!/usr/bin/env python3
"""Prints each failed test of the given trx files with the first lines of its message, so that the tail of a
CI log (all that CI keeps) names what failed."""
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for path in sys.argv[1:]:
    for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", NS):
        if result.get("outcome") == "Passed" or result.get("outcome") == "NotExecuted":
            continue
        print(f"FAILED {result.get('testName')} ({result.get('duration')})")
        message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=NS)
        for line in message.strip().splitlines()[:6]:
            print(f"    {line[:300]}")
