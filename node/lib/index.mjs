// index.mjs: the ES module entry point (`import { Api } from 'halchemy'`).
import halchemy from './index.js'

export const {
  Api, ErrorHandling, Follower, ReadOnlyRequester, Requester, HalResource, HalchemyMetadata,
  Multiplicity, HalchemyError, HTTPError, NetworkError, TemplateError, ParameterError,
  HeaderError, SchemeError, ConfigError, StatusSpecError, HalFormatError, RelNotFoundError,
  MultiplicityError
} = halchemy
export default halchemy
