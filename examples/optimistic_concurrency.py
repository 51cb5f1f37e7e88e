"""The seed's optimistic-concurrency example, run against the customers API.

First a change nobody interferes with, then "someone else" changes the customer between our
GET and our PATCH, and the server answers our stale PATCH with 412. Point it at another API
with HALCHEMY_BASE_URL (default http://localhost:2112, the demo server's port)."""
import os
import sys

from halchemy import Api

api = Api(os.environ.get('HALCHEMY_BASE_URL', 'http://localhost:2112'))
home = api.home.get()
customers = api.follow(home).to('customers').get()

print('1) Changing customer A375 while nobody else touches it:')
customer = api.follow(customers).to('item').with_template_values({'membershipId': 'A375'}).get()
customer = api.follow(customer).to('self').patch({'givenName': 'Leslie'})
print(f'   {customer._halchemy.request.method} {customer._halchemy.request.url} '
      f'(If-Match: {customer._halchemy.request.headers.get("If-Match")}) -> '
      f'{customer._halchemy.response.status_code}; givenName is now {customer["givenName"]}')

print('2) Someone else changes customer A375 between our GET and our PATCH:')
customer = api.follow(customers).to('item').with_template_values({'membershipId': 'A375'}).get()
someone_else = Api(api.base_url)
theirs = someone_else.follow(customers).to('item').with_template_values({'membershipId': 'A375'}).get()
theirs = someone_else.follow(theirs).to('self').patch({'givenName': 'Robin'})
print(f'   someone else set givenName to {theirs["givenName"]} -> {theirs._halchemy.response.status_code}')

customer = api.follow(customer).to('self').patch({'givenName': 'Leslie'})
if customer._halchemy.response.status_code == 412:
    print(f'Someone else has changed customer #{customer["membershipId"]}.')
    print('Please refresh to see the changes, then try again if necessary.')
else:
    sys.exit(f'expected 412 Precondition Failed, got {customer._halchemy.response.status_code}')
