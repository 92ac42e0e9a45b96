export type AmplifyDependentResourcesAttributes = {
  "api": {
    "wildrydes": {
      "GraphQLAPIEndpointOutput": "string",
      "GraphQLAPIIdOutput": "string"
    }
  },
  "auth": {
    "userPoolGroups": {
      "AdminsGroupRole": "string",
      "DispatchersGroupRole": "string"
    },
    "wildrydes7c4e1f2a": {
      "AppClientID": "string",
      "AppClientIDWeb": "string",
      "IdentityPoolId": "string",
      "IdentityPoolName": "string",
      "UserPoolArn": "string",
      "UserPoolId": "string",
      "UserPoolName": "string"
    }
  }
}