"""Eve settings of the interop app: a `customers` resource looked up by membershipId and an
`orders` resource, with Eve's optimistic concurrency enforced (a change needs If-Match)."""

MONGO_DBNAME = "halchemy_interop"

IF_MATCH = True
ENFORCE_IF_MATCH = True  # a PUT/PATCH/DELETE without If-Match is 428
HATEOAS = True
PAGINATION = True
PAGINATION_DEFAULT = 25
PAGINATION_LIMIT = 50
RENDERERS = ["eve.render.JSONRenderer"]

RESOURCE_METHODS = ["GET", "POST"]
ITEM_METHODS = ["GET", "PUT", "PATCH", "DELETE"]

customers = {
    "item_title": "customer",
    "additional_lookup": {"url": r'regex("[\w]+")', "field": "membershipId"},
    "schema": {
        "membershipId": {"type": "string", "required": True, "unique": True},
        "givenName": {"type": "string"},
        "familyName": {"type": "string"},
    },
}

orders = {
    "item_title": "order",
    "schema": {
        "number": {"type": "string", "required": True},
        "membershipId": {"type": "string"},
        "total": {"type": "number"},
    },
}

DOMAIN = {"customers": customers, "orders": orders}
