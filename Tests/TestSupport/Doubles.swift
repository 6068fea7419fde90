import Foundation
import RoleshAWS
import RoleshCredentials
import RoleshSupport

/// An HTTP transport that answers from a script and records what it was asked.
package final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
  package enum Answer {
    case response(Int, String)
    case failure(TransportError.Kind)
  }

  package var answers: [Answer]
  package private(set) var requests: [HTTPRequest] = []

  package init(_ answers: [Answer]) { self.answers = answers }

  package func send(_ request: HTTPRequest) throws -> HTTPResponse {
    requests.append(request)
    guard !answers.isEmpty else { throw TransportError(kind: .refused, host: "test", detail: "script exhausted") }
    switch answers.removeFirst() {
    case .response(let status, let body): return HTTPResponse(status: status, body: Array(body.utf8))
    case .failure(let kind): throw TransportError(kind: kind, host: "sts.test", detail: "scripted \(kind)")
    }
  }

  /// The form parameters of request `index`.
  package func parameters(_ index: Int) -> [String: String] {
    var result: [String: String] = [:]
    for pair in String(decoding: requests[index].body, as: UTF8.self).split(separator: "&") {
      let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
      if parts.count == 2 { result[parts[0]] = parts[1] }
    }
    return result
  }
}

/// An MFA source that counts how often it was asked.
package final class CountingMFA: MFACodeSource, @unchecked Sendable {
  package private(set) var asked = 0
  package init() {}
  package func code(serial: String, profile: String) throws -> String {
    asked += 1
    return "123456"
  }
}

/// STS answers, as moto and AWS send them.
package enum STSAnswers {
  package static func assumeRole(expires: Timestamp, key: String = "ASIAFRESH") -> String {
    """
    <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
    <Credentials><AccessKeyId>\(key)</AccessKeyId><SecretAccessKey>secret</SecretAccessKey>
    <SessionToken>token</SessionToken><Expiration>\(expires)</Expiration></Credentials>
    <AssumedRoleUser><AssumedRoleId>AROA:s</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/Admin/s</Arn></AssumedRoleUser>
    </AssumeRoleResult></AssumeRoleResponse>
    """
  }

  package static func error(_ code: String, _ message: String = "scripted") -> String {
    "<ErrorResponse><Error><Type>Sender</Type><Code>\(code)</Code><Message>\(message)</Message></Error></ErrorResponse>"
  }
}
