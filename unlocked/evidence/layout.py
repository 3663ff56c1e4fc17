"""Where each artifact sits inside an evidence folder: the phones' own paths."""

from . import android, chrome, exports, ios
from .persona import ANDROID, IPHONE

MMSSMS = f"{ANDROID.root}/{android.MMSSMS}"
CALLLOG = f"{ANDROID.root}/{android.CALLLOG}"
CONTACTS2 = f"{ANDROID.root}/{android.CONTACTS2}"
HISTORY = f"{ANDROID.root}/{chrome.HISTORY}"
PACKAGES = f"{ANDROID.root}/{android.PACKAGES_XML}"
SMS_DB = f"{IPHONE.root}/{ios.SMS_DB}"
LOCATIONS = f"{exports.FOLDER}/{exports.LOCATIONS}"
PHOTOS = f"{exports.FOLDER}/{exports.PHOTOS}"
APPS = f"{exports.FOLDER}/{exports.APPS}"
