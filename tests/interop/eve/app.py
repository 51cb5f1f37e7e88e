"""The Eve app of the interop tests, on mongomock (no MongoDB server)."""
import os
import sys

import mongomock

import eve.io.mongo.flask_pymongo as eve_flask_pymongo

# Eve's own PyMongo extension builds a pymongo.MongoClient; give it mongomock's instead.
eve_flask_pymongo.MongoClient = mongomock.MongoClient

from eve import Eve  # noqa: E402  (after the patch on purpose)

HERE = os.path.dirname(os.path.abspath(__file__))

SEED_CUSTOMERS = [
    {"membershipId": "A375", "givenName": "Pat", "familyName": "Smith"},
    {"membershipId": "B200", "givenName": "Lee", "familyName": "Jones"},
    {"membershipId": "D001", "givenName": "Jane", "familyName": "Doe"},
    {"membershipId": "D002", "givenName": "John", "familyName": "Doe"},
    {"membershipId": "D003", "givenName": "Jo", "familyName": "Doe"},
]
SEED_ORDERS = [
    {"number": "O-1", "membershipId": "A375", "total": 12.5},
    {"number": "O-2", "membershipId": "B200", "total": 40},
]


def add_item_link(payload):
    """Eve gives a collection no link to one of its items: add a templated `item` rel."""
    payload.setdefault("_links", {})["item"] = {
        "href": "customers/{membershipId}", "templated": True}


def create_app():
    app = Eve(settings=os.path.join(HERE, "settings.py"))
    app.on_fetched_resource_customers += add_item_link
    with app.test_client() as client:
        for resource, docs in (("customers", SEED_CUSTOMERS), ("orders", SEED_ORDERS)):
            r = client.post("/" + resource, json=docs)
            if r.status_code != 201:
                sys.exit(f"seeding {resource} failed: {r.status_code} {r.get_data(as_text=True)}")
    return app
