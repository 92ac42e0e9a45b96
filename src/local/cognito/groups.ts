// Group records and their Cognito `GroupType` shape.
import type { Context } from './context.js';
import { errors } from './errors.js';
import type { GroupRecord } from './store.js';
import { epochSeconds } from './users.js';

export function requireGroup(ctx: Context, groupName: string): GroupRecord {
  const group = ctx.state.groups[groupName];
  if (!group) throw errors.resourceNotFound('Group not found.');
  return group;
}

export function groupType(ctx: Context, group: GroupRecord): Record<string, unknown> {
  return {
    GroupName: group.groupName,
    UserPoolId: ctx.state.userPoolId,
    ...(group.description !== undefined ? { Description: group.description } : {}),
    ...(group.roleArn !== undefined ? { RoleArn: group.roleArn } : {}),
    ...(group.precedence !== undefined ? { Precedence: group.precedence } : {}),
    LastModifiedDate: epochSeconds(group.updatedAt),
    CreationDate: epochSeconds(group.createdAt),
  };
}
