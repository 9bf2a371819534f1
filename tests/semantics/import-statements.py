# ok: os-path-use, any-two-part-name
import os.path
# ok: any-two-part-name
import xml.etree.ElementTree as ET
# ok: bare-module
import shutil
# ok: os-path-use, bare-module
from os import path, sep
# ok: any-two-part-name
from xml.etree import ElementTree


def copy(src, dst):
    # ruleid: os-path-use, any-two-part-name
    if os.path.exists(dst):
        return None
    # ruleid: bare-module, os-path-use, any-two-part-name
    return shutil.copy(src, dst), ET, ElementTree, path, sep
