// The pool's groups as checkboxes: the user pool page and the explorer both create users with groups.
export function GroupsChoice(props: { groups: readonly string[]; chosen: readonly string[]; onChange: (chosen: string[]) => void }) {
  const { groups, chosen, onChange } = props;
  return (
    <fieldset className="groups-choice">
      <legend>Groups</legend>
      {groups.map((group) => (
        <label key={group}>
          <input
            type="checkbox"
            checked={chosen.includes(group)}
            onChange={(event) => onChange(event.target.checked ? [...chosen, group] : chosen.filter((g) => g !== group))}
          />
          {group}
        </label>
      ))}
    </fieldset>
  );
}
