// A pool user as `LocalCognito.users()` lists it for the console. Types only and no
// imports, so that the console's pages can use it too (src/local/console/wire.ts).
export interface PoolUserSummary {
  username: string;
  sub: string;
  status: string;
  enabled: boolean;
  email: string | undefined;
  emailVerified: boolean;
  groups: string[];
  createdAt: number;
  updatedAt: number;
}
