import io
import xml.dom.pulldom
import xml.sax
from xml.dom import minidom
from xml.sax.handler import feature_external_ges, feature_external_pes

import defusedxml.ElementTree as DET
import xml.etree.ElementTree as ET
from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)


@app.post("/import")
def import_feed():
    parser = xml.sax.make_parser()
    # ruleid: flask-xxe
    parser.setFeature(feature_external_ges, True)
    handler = xml.sax.ContentHandler()
    parser.setContentHandler(handler)
    parser.parse(io.BytesIO(request.data))
    return "", 204


@app.post("/dom")
def dom():
    parser = xml.sax.make_parser()
    # ruleid: flask-xxe
    parser.setFeature(xml.sax.handler.feature_external_pes, 1)
    doc = minidom.parseString(request.get_data(), parser)
    return jsonify(root=doc.documentElement.tagName)


@app.post("/stream")
def stream():
    parser = xml.sax.make_parser()
    # ruleid: flask-xxe
    parser.setFeature("http://xml.org/sax/features/external-general-entities", True)
    events = xml.dom.pulldom.parseString(request.get_data(as_text=True), parser)
    return jsonify(n=sum(1 for _ in events))


@app.post("/lxml")
def lxml_entities():
    # ruleid: flask-xxe
    parser = etree.XMLParser(resolve_entities=True)
    root = etree.fromstring(request.data, parser)
    return jsonify(tag=root.tag)


@app.post("/upload")
def upload():
    blob = request.files["doc"].read()
    # ruleid: flask-xxe
    root = etree.fromstring(blob)
    return jsonify(tag=root.tag)


@app.post("/safe/import")
def safe_import():
    parser = xml.sax.make_parser()
    # ok: flask-xxe
    parser.setFeature(feature_external_ges, False)
    parser.setContentHandler(xml.sax.ContentHandler())
    parser.parse(io.BytesIO(request.data))
    return "", 204


@app.post("/safe/lxml")
def safe_lxml():
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    # ok: flask-xxe
    root = etree.fromstring(request.data, parser)
    return jsonify(tag=root.tag)


@app.post("/safe/defused")
def safe_defused():
    # ok: flask-xxe
    root = DET.fromstring(request.data)
    return jsonify(tag=root.tag)


@app.post("/safe/stdlib")
def safe_stdlib():
    # ok: flask-xxe
    root = ET.fromstring(request.get_data())
    return jsonify(tag=root.tag)


def load_bundled_catalog():
    # ok: flask-xxe
    return etree.parse("catalog.xml")
