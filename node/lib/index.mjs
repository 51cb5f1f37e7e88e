// index.mjs: the ES module entry point: `import { Api } from 'halchemy'` (and the default
// export, the same object `require('halchemy')` gives).
import halchemy from './index.js'

export const {
  version, Api, ErrorHandling, Follower, ReadOnlyRequester, Requester, HalchemyMetadata, HalchemyRequest,
  HalchemyResponse, Multiplicity, asResource, HalchemyError, HTTPError, NetworkError, TemplateError,
  ParameterError, HeaderError, SchemeError, ConfigError, StatusSpecError, HalFormatError,
  RelNotFoundError, MultiplicityError, MissingETagError, TimeoutError, InvalidValueError, AbortError
} = halchemy
export default halchemy
