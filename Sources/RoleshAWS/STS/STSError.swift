import RoleshSupport

/// A failure reported by STS, or an answer rolesh could not understand.
package struct STSError: RoleshError, RetryableFailure, Equatable, Sendable {
  /// The STS error code (`AccessDenied`, `SignatureDoesNotMatch`, ...), or `MalformedResponse`.
  package var code: String
  package var message: String
  package var operation: String
  package var httpStatus: Int

  package init(code: String, message: String, operation: String, httpStatus: Int) {
    self.code = code
    self.message = message
    self.operation = operation
    self.httpStatus = httpStatus
  }

  /// `STS AssumeRole failed (AccessDenied): …`.
  package var description: String { "STS \(operation) failed (\(code)): \(message)" }

  package var exitStatus: ExitStatus {
    if isPermissionDenied { return .permission }
    if isInvalidRequest { return .configuration }
    return .unavailable
  }

  /// Codes that mean "you are not allowed" (exit 77).
  package var isPermissionDenied: Bool {
    [
      "AccessDenied", "AccessDeniedException", "SignatureDoesNotMatch", "InvalidClientTokenId", "ExpiredToken",
      "ExpiredTokenException", "UnrecognizedClientException", "IncompleteSignature", "MissingAuthenticationToken",
      "InvalidIdentityToken", "IDPRejectedClaim", "RegionDisabledException",
    ].contains(code) || httpStatus == 403
  }

  /// Codes that are the request's own fault (exit 78: fix the configuration).
  package var isInvalidRequest: Bool {
    ["ValidationError", "MalformedPolicyDocument", "PackedPolicyTooLarge", "InvalidParameterValue"].contains(code)
  }

  /// Worth another attempt: throttling and server-side failures.
  package var isRetryable: Bool {
    [
      "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
      "RequestLimitExceeded", "RequestThrottled", "PriorRequestNotComplete", "IDPCommunicationError", "SlowDown",
      "ServiceUnavailable", "InternalFailure", "InternalError",
    ].contains(code) || httpStatus >= 500
  }

  /// STS refused the MFA code itself ("MultiFactorAuthentication failed with invalid MFA one
  /// time pass code"), not the request.
  package var refusesMFACode: Bool {
    code == "AccessDenied" && message.contains("MultiFactorAuthentication failed")
  }
}
